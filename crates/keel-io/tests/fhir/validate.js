// Validates a FHIR R4 JSON resource (a Bundle and every resource in it)
// against the R4 structure definitions and value sets of the npm package
// `fhir` (FHIR.js), which setup.sh installs. Usage: node validate.js FILE.
// Prints every message; exits 1 when any is an error, 2 on bad usage.
'use strict';
const fs = require('fs');
const { Fhir, ParseConformance, Versions } = require('fhir');

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate.js FILE.json');
  process.exit(2);
}
const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
// The package's cached R4 (4.0.1) structure definitions and value sets.
const fhir = new Fhir(new ParseConformance(true, Versions.R4));
const result = fhir.validate(resource, { errorOnUnexpected: true });
for (const m of result.messages) {
  console.log(`${m.severity}: ${m.resourceId || ''} ${m.location || ''}: ${m.message}`);
}
const errors = result.messages.filter((m) => m.severity === 'error').length;
console.log(`${errors} error(s), ${result.messages.length - errors} other message(s)`);
process.exit(result.valid && errors === 0 ? 0 : 1);
