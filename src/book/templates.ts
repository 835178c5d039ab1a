// The files `tickler init` writes. examples/tickler.yaml is a copy of SETTINGS_TEMPLATE (a test keeps them equal).

/** Points YAML language servers (VS Code, Neovim, …) at the book's schemas. */
export const DOSSIER_MODELINE = '# yaml-language-server: $schema=../schemas/dossier.schema.json';
export const SETTINGS_MODELINE = '# yaml-language-server: $schema=schemas/settings.schema.json';

export const SETTINGS_TEMPLATE = `${SETTINGS_MODELINE}
# tickler book settings. Every key is optional; delete what you do not need.
# Check the book with \`tickler validate\`; see the effective dossier schema with \`tickler schema\`.

# "Today" is computed in this time zone; without this line, in the computer's own.
timezone: Europe/Warsaw

# Days people work, and days off. Relative dates (+2wd, tomorrow) skip the rest.
workdays: [mon, tue, wed, thu, fri]
holidays: [2026-12-24, 2026-12-25, 2026-12-26, 2027-01-01]

# Contacts one person can handle in a day; a fuller day is flagged (tickler rebalance spreads it).
capacity: 25

# The team: short keys are used as \`owner:\`, \`by:\`, --owner and --as.
# The e-mail is where the morning digest goes, and how \`git config user.email\` finds you.
team:
  alice: { name: Alice Nowak, email: alice@example.com, capacity: 20 }
  bob: { name: Bob Petrov, email: bob@example.com }

# Stages of a relationship, in funnel order; closed stages need no next contact.
stages: [lead, first-contact, negotiation, contract, fulfilment, retention, dormant, lost]
closed-stages: [dormant, lost]

# Kinds of contact.
actions: [call, email, meeting, visit, task]

# Outcomes of a contact, and what happens next by default:
#   next: +2wd (two working days), +3d, +1w, +1m, or none (no next contact)
#   stage: the stage the client moves to
outcomes:
  reached: {}
  no-answer: { next: +2wd }
  voicemail: { next: +1wd }
  callback: {}
  offer-sent: { next: +3wd }
  meeting-set: {}
  won: { stage: contract }
  lost: { stage: lost, next: none }
  complaint: { next: +1wd }

# Your own dossier fields, as JSON Schema (editors complete them; validate checks them).
# fields:
#   segment: { enum: [smb, mid, enterprise] }

# Forms filled in when logging a contact (tickler log --form NAME).
# forms:
#   qualification:
#     budget: { type: number }
#     decision-maker: { type: string }

# The morning digest. The SMTP URL comes from TICKLER_SMTP_URL, never from this file.
# mail:
#   from: Sales Tickler <tickler@example.com>

# git:
#   autocommit: false
`;

export const GITATTRIBUTES = `# Dossiers merge with tickler's semantic merge driver, so no logged call is lost.
clients/*.yaml merge=tickler
`;

export const GITIGNORE = `# tickler's local cache, and the lock and temporary files of its writes
.tickler/
clients/.*
`;
