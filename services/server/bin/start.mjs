#!/usr/bin/env node
// The all-in-one server (`npm start`). TypeScript sources run through tsx; no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
