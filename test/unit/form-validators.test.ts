import fs from 'node:fs';
import { FORM_VALIDATORS_FILE, formValidatorsSource } from '../../runtime/generate-form-validators';

/**
 * The admin forms validate in the browser with validators compiled ahead of time (the pages' CSP has no
 * 'unsafe-eval'); they must be those of the current schemas.
 */
describe('the admin forms’ compiled validators', () => {
  it('are up to date with the schemas (npm run schemas:forms)', () => {
    expect(fs.readFileSync(FORM_VALIDATORS_FILE, 'utf8') === formValidatorsSource()).toBe(true);
  });

  it('contain no eval of their own', () => {
    const source = fs.readFileSync(FORM_VALIDATORS_FILE, 'utf8');
    expect(source).not.toMatch(/\bnew Function\b|\beval\(/);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
