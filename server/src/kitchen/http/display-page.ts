/**
 * The kitchen display's static files, served at `/` (index.html) and `/display/*`. The page talks
 * only to this service (CSP `connect-src 'self'`); its own script and style only, nothing inline.
 */
import { readFileSync } from 'node:fs';
import { Router } from 'express';

const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/display/display.js': ['display.js', 'text/javascript; charset=utf-8'],
  '/display/display.css': ['display.css', 'text/css; charset=utf-8'],
} as const;

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'";

export function displayPage(): Router {
  const router = Router();
  for (const [path, [file, type]] of Object.entries(FILES)) {
    const body = readFileSync(new URL(`./display/${file}`, import.meta.url));
    router.get(path, (_req, res) => {
      res.setHeader('Content-Security-Policy', CSP);
      res.type(type).send(body);
    });
  }
  return router;
}
