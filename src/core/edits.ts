// A change to a dossier's data, as the pure core plans it; src/book/write/edit.ts makes it in the
// file's text (the same shape as its Edit).
export type DataEdit =
  | { op: 'set'; path: (string | number)[]; value: unknown }
  | { op: 'delete'; path: (string | number)[] }
  | { op: 'append'; path: (string | number)[]; value: unknown }
  | { op: 'insert'; path: (string | number)[]; index: number; value: unknown };
