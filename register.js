// `node -r cdk8s-patterns/register src/main.ts`: runs a TypeScript cdk8s app
// directly, transpile-only, with @swc/core (a devDependency of the app).
'use strict';
module.exports = require('./scripts/swc-register.js');
