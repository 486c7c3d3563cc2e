#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so there is no build step between a checkout and `npx poststelle`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
