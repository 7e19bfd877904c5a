import { DurationWidget } from './DurationWidget';
import { LanguageWidget, LimitWidget, LinesField, PasswordWidget, VacationsField } from './EmployeeWidgets';
import { NotifyField } from './NotifyField';
import { QueueField } from './QueueField';
import { TimeZoneWidget } from './TimeZoneWidget';
import { WorkingHoursField } from './WorkingHoursField';

/** The admin forms' own widgets and fields, named in their uiSchemas (`ui:widget`, `ui:field`). */
export const ADMIN_WIDGETS = {
  duration: DurationWidget,
  timeZone: TimeZoneWidget,
  limit: LimitWidget,
  password: PasswordWidget,
  language: LanguageWidget,
};

export const ADMIN_FIELDS = {
  queue: QueueField,
  notify: NotifyField,
  workingHours: WorkingHoursField,
  lines: LinesField,
  vacations: VacationsField,
};
