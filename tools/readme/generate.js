#!/usr/bin/env node
'use strict';
/** Rewrite the generated sections of README.md from the built packages (`npm run build` first). */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const core = require('@mig/core');
const { sections, fill } = require('./sections');

const path = join(__dirname, '..', '..', 'README.md');
writeFileSync(path, fill(readFileSync(path, 'utf8'), sections(core)));
console.log(`updated ${path}`);
