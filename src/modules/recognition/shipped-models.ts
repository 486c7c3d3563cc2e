import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const requestTypeModelName = 'request-type';

/** Models shipped with the installation (the default request-type model, written by set-up); a data dir's own models take precedence. */
export const shippedModelsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models');
