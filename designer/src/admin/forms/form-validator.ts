import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { createPrecompiledValidator } from '@rjsf/validator-ajv8';
import validators from './form-validators.generated';
import { FORM_SCHEMAS, type FormName } from './form-schemas';

const made = new Map<FormName, ValidatorType>();

/** The compiled-ahead validator of one admin form (no `eval` in the browser: the pages' CSP). */
export function formValidator(name: FormName): ValidatorType {
  let validator = made.get(name);
  if (!validator) {
    validator = createPrecompiledValidator(validators as never, FORM_SCHEMAS[name] as RJSFSchema);
    made.set(name, validator);
  }
  return validator;
}

export const formSchema = (name: FormName) => FORM_SCHEMAS[name] as RJSFSchema;
