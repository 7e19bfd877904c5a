import type { UiSchema } from '@rjsf/utils';
import type { TFunction } from 'i18next';

/** Labels and widgets of the employee forms (schemas/operator-request.schema.json gives the fields). */
export function employeeUiSchema(t: TFunction, creating: boolean): UiSchema {
  const label = (key: string) => t(`admin.employees.fields.${key}`);
  return {
    'ui:order': ['name', 'email', 'role', 'password', 'lines', 'maxOpenDialogs', 'vacations'],
    name: { 'ui:title': label('name') },
    email: { 'ui:title': label('email'), 'ui:autocomplete': 'off' },
    role: {
      'ui:title': label('role'),
      'ui:enumNames': ['admin', 'supervisor', 'operator'].map((r) => t(`admin.roles.${r}`)),
    },
    password: {
      'ui:widget': 'password',
      'ui:title': creating ? label('password') : label('newPassword'),
      'ui:description': creating ? t('admin.employees.passwordHelp') : t('admin.employees.newPasswordHelp'),
    },
    lines: { 'ui:field': 'lines' },
    maxOpenDialogs: {
      'ui:widget': 'limit',
      'ui:title': label('maxOpenDialogs'),
      'ui:description': t('admin.employees.limitHelp'),
    },
    vacations: { 'ui:field': 'vacations' },
  };
}
