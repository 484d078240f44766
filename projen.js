// `require('cdk8s-patterns/projen')` in .projenrc: the projen component (needs projen installed).
'use strict';
module.exports = require('./lib/src/projen.js');
