// The readers, as one module that the store and the writes load when some file must be read:
// the YAML parsers, the precompiled schema validators and the checks come with it.
export { dossierContext, isEditable, parseDossier, parseDossierForEdit, readableDossier, toDiagnostics, type CustomCheck, type DossierContext, type EditableDossier, type ParsedDossier } from './dossier.js';
export { parseSettings, placeSettingsFindings } from './settings.js';
export { readTextData } from './yaml.js';
