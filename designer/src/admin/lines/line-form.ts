import type { UiSchema } from '@rjsf/utils';
import type { TFunction } from 'i18next';
import type { LineRequest } from '../admin-api';
import type { FieldGroup } from '../forms/SchemaForm';

/** The data of the settings form: PATCH /api/lines/:id's body less the id. */
export type LineForm = Required<Pick<LineRequest, 'name' | 'language' | 'active'>> &
  Pick<LineRequest, 'settings'>;

const kpiClock = (t: TFunction, which: 'firstAnswer' | 'answer'): UiSchema => ({
  'ui:title': t(`admin.settings.fields.${which}`),
  'ui:enableOptionalDataFieldForType': ['object'],
  'ui:order': ['threshold', 'notify'],
  threshold: {
    'ui:widget': 'duration',
    'ui:title': t('admin.settings.fields.threshold'),
    'ui:description': t('admin.settings.help.threshold'),
  },
  notify: { 'ui:field': 'notify' },
});

/** The sections of the line settings page, in order (also its side navigation). */
export function lineSettingsSections(t: TFunction): { root: FieldGroup[]; settings: FieldGroup[] } {
  return {
    root: [
      { id: 'general', title: t('admin.settings.sections.general'), fields: ['name', 'language', 'active'] },
    ],
    settings: [
      {
        id: 'queue',
        title: t('admin.settings.sections.queue'),
        description: t('admin.settings.sections.queueHelp'),
        fields: ['queue', 'loadLimit'],
      },
      {
        id: 'kpi',
        title: t('admin.settings.sections.kpi'),
        description: t('admin.settings.sections.kpiHelp'),
        fields: ['kpi'],
      },
      { id: 'hours', title: t('admin.settings.sections.hours'), fields: ['timeZone', 'workingHours'] },
      { id: 'service', title: t('admin.settings.sections.service'), fields: ['rating', 'crm'] },
    ],
  };
}

/**
 * How the settings form is laid out and labelled: the fields themselves, their types and rules come
 * from schemas/line-request.schema.json and line-settings.schema.json.
 */
export function lineSettingsUiSchema(t: TFunction): UiSchema {
  const sections = lineSettingsSections(t);
  const label = (key: string) => t(`admin.settings.fields.${key}`);
  const help = (key: string) => t(`admin.settings.help.${key}`);
  return {
    'ui:order': ['name', 'language', 'active', 'settings'],
    'ui:options': { groups: sections.root },
    name: { 'ui:title': label('name') },
    language: { 'ui:widget': 'language', 'ui:title': label('language'), 'ui:description': help('language') },
    active: { 'ui:title': label('active'), 'ui:description': help('active') },
    settings: {
      'ui:options': { groups: sections.settings },
      timeZone: {
        'ui:widget': 'timeZone',
        'ui:title': label('timeZone'),
        'ui:description': help('timeZone'),
      },
      queue: {
        'ui:options': { flat: true },
        'ui:order': ['operators', 'timeTracking'],
        operators: { 'ui:field': 'queue' },
        timeTracking: { 'ui:title': label('timeTracking'), 'ui:description': help('timeTracking') },
      },
      loadLimit: {
        'ui:title': label('loadLimit'),
        'ui:order': ['enabled', 'max', 'exclude'],
        enabled: { 'ui:title': label('loadLimitEnabled') },
        max: { 'ui:title': label('loadLimitMax'), 'ui:description': help('loadLimitMax') },
        exclude: {
          'ui:widget': 'checkboxes',
          'ui:title': label('loadLimitExclude'),
          'ui:description': help('loadLimitExclude'),
          'ui:enumNames': ['answered', 'waiting_client', 'closed'].map((v) =>
            t(`admin.settings.exclude.${v}`),
          ),
        },
      },
      kpi: {
        'ui:options': { flat: true },
        'ui:order': ['firstAnswer', 'answer'],
        firstAnswer: kpiClock(t, 'firstAnswer'),
        answer: kpiClock(t, 'answer'),
      },
      workingHours: { 'ui:field': 'workingHours' },
      rating: {
        'ui:title': label('rating'),
        'ui:enableOptionalDataFieldForType': ['object'],
        scale: {
          'ui:widget': 'radio',
          'ui:title': label('ratingScale'),
          'ui:enumNames': [t('admin.settings.scale.like_dislike'), t('admin.settings.scale.five_point')],
        },
      },
      crm: {
        'ui:title': label('crm'),
        'ui:order': ['chatTracker', 'createLead'],
        chatTracker: { 'ui:title': label('chatTracker'), 'ui:description': help('chatTracker') },
        createLead: {
          'ui:title': label('createLead'),
          'ui:enumNames': ['auto', 'manual', 'off'].map((v) => t(`admin.settings.createLead.${v}`)),
        },
      },
    },
  };
}
