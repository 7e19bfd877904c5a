import Form from '@rjsf/core';
import {
  getSubmitButtonOptions,
  TranslatableString,
  type ErrorSchema,
  type FieldTemplateProps,
  type FormValidation,
  type IconButtonProps,
  type ObjectFieldTemplateProps,
  type OptionalDataControlsTemplateProps,
  type RegistryFieldsType,
  type RegistryWidgetsType,
  type RJSFValidationError,
  type TemplatesType,
  type UiSchema,
  type FieldErrorProps,
  type DescriptionFieldProps,
  type TitleFieldProps,
  type SubmitButtonProps,
  type GenericObjectType,
} from '@rjsf/utils';
import type { TFunction } from 'i18next';
import { forwardRef, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formSchema, formValidator } from './form-validator';
import { withoutEmptyObjects } from './server-errors';
import type { FormName } from './form-schemas';
import { ADMIN_FIELDS, ADMIN_WIDGETS } from '../widgets/registry';
import type { Line } from '../../api';
import type { Employee } from '../admin-api';

/** What the admin forms' widgets read besides their value: the translator and the people and lines to pick from. */
export interface AdminFormContext {
  t: TFunction;
  employees?: readonly Employee[];
  lines?: readonly Line[];
  /** the line a settings form is about */
  lineId?: string;
}

export interface SchemaFormProps<T> {
  name: FormName;
  formData: T;
  uiSchema?: UiSchema;
  /** the server's refusal, at its fields (serverErrorSchema) */
  extraErrors?: ErrorSchema;
  onChange(data: T): void;
  onSubmit(data: T): void;
  /** submitting found problems (shown at their fields) */
  onError?(errors: RJSFValidationError[]): void;
  /** the submit button's text; none: the page has its own button for the form's id */
  submitLabel?: string;
  id?: string;
  disabled?: boolean;
  children?: ReactNode;
  context?: Omit<AdminFormContext, 't'>;
  customValidate?: (data: T | undefined, errors: FormValidation<T>) => FormValidation<T>;
}

/**
 * A form generated from one of the API's request schemas (@rjsf/core), with this app's look, its
 * translations and its widgets; validated live against the same schema the server checks.
 */
export const SchemaForm = forwardRef(function SchemaForm<T>(
  {
    name,
    formData,
    uiSchema,
    extraErrors,
    onChange,
    onSubmit,
    submitLabel,
    id,
    disabled,
    children,
    context: extra,
    customValidate,
    onError,
  }: SchemaFormProps<T>,
  ref: Ref<Form<T>>,
) {
  const { t } = useTranslation();
  const context: AdminFormContext = { ...extra, t };
  return (
    <Form<T>
      ref={ref}
      id={id}
      className="schema-form"
      schema={formSchema(name)}
      uiSchema={{
        'ui:submitButtonOptions': { norender: !submitLabel, submitText: submitLabel },
        ...uiSchema,
      }}
      validator={formValidator(name) as never}
      formData={formData}
      formContext={context}
      templates={TEMPLATES as Partial<TemplatesType<T>>}
      widgets={ADMIN_WIDGETS as unknown as RegistryWidgetsType<T>}
      fields={ADMIN_FIELDS as unknown as RegistryFieldsType<T>}
      extraErrors={extraErrors as ErrorSchema<T>}
      liveValidate="onChange"
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
      disabled={disabled}
      customValidate={customValidate}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'populateRequiredDefaults' }}
      transformErrors={(errors) => errors.map((e) => translateError(t, e))}
      translateString={(key, params) => translateString(t, key, params)}
      onChange={(event) => onChange(withoutEmptyObjects(event.formData as T))}
      onSubmit={(event) => onSubmit(withoutEmptyObjects(event.formData as T))}
      onError={onError}
    >
      {children}
    </Form>
  );
}) as <T>(props: SchemaFormProps<T> & { ref?: Ref<Form<T>> }) => ReactNode;

/** ajv's messages in the person's language ("must match pattern ^(…)$" says nothing to an admin). */
export function translateError(t: TFunction, error: RJSFValidationError): RJSFValidationError {
  const params = (error.params ?? {}) as GenericObjectType;
  const key = `admin.form.errors.${error.name}`;
  const known = [
    'required',
    'minLength',
    'maxLength',
    'pattern',
    'format',
    'minimum',
    'maximum',
    'type',
    'uniqueItems',
    'enum',
    'maxItems',
    'minItems',
    'additionalProperties',
  ];
  if (!error.name || !known.includes(error.name)) return error;
  return { ...error, message: t(key, { ...params, defaultValue: error.message }) };
}

function translateString(t: TFunction, key: TranslatableString, params?: string[]): string {
  const own: Partial<Record<TranslatableString, string>> = {
    [TranslatableString.AddButton]: t('admin.form.add'),
    [TranslatableString.AddItemButton]: t('admin.form.add'),
    [TranslatableString.RemoveButton]: t('admin.form.remove'),
    [TranslatableString.MoveUpButton]: t('admin.form.moveUp'),
    [TranslatableString.MoveDownButton]: t('admin.form.moveDown'),
    [TranslatableString.YesLabel]: t('admin.form.yes'),
    [TranslatableString.NoLabel]: t('admin.form.no'),
    [TranslatableString.OptionalObjectAdd]: t('admin.form.optionalAdd'),
    [TranslatableString.OptionalObjectRemove]: t('admin.form.optionalRemove'),
    [TranslatableString.OptionalObjectEmptyMsg]: t('admin.form.optionalEmpty'),
    [TranslatableString.EmptyArray]: t('admin.form.emptyArray'),
  };
  let text: string = own[key] ?? key;
  (params ?? []).forEach((p, i) => (text = text.replace(`%${i + 1}`, p)));
  return text;
}

function FieldTemplate(props: FieldTemplateProps) {
  const {
    id,
    label,
    children,
    errors,
    description,
    rawDescription,
    hidden,
    required,
    displayLabel,
    schema,
    uiSchema,
    rawErrors = [],
  } = props;
  if (hidden) return <div hidden>{children}</div>;
  const widget = uiSchema?.['ui:widget'];
  const isCheckbox = schema.type === 'boolean' && widget !== 'select' && widget !== 'radio';
  const isGroup = (schema.type === 'object' || schema.type === 'array') && !uiSchema?.['ui:field'] && !widget;
  if (isGroup)
    return (
      <>
        {children}
        {errors}
      </>
    );
  return (
    <div
      className={`form-field${isCheckbox ? ' form-field--check' : ''}${rawErrors.length ? ' has-error' : ''}`}
    >
      {displayLabel && !isCheckbox && (
        <label htmlFor={id} className="field__label">
          {label}
          {required && <span aria-hidden="true"> *</span>}
        </label>
      )}
      {children}
      {displayLabel && rawDescription && !isCheckbox ? description : null}
      {errors}
    </div>
  );
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <p id={id} className="form-field__help">
      {description}
    </p>
  );
}

function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const list = errors.filter(Boolean);
  if (!list.length) return null;
  return (
    <ul id={`${fieldPathId.$id}__error`} className="form-field__errors">
      {list.map((error, i) => (
        <li key={i}>{error}</li>
      ))}
    </ul>
  );
}

function TitleFieldTemplate({ id, title, optionalDataControl }: TitleFieldProps) {
  return (
    <legend id={id} className="form-group__title">
      {title}
      {optionalDataControl}
    </legend>
  );
}

export interface FieldGroup {
  /** an anchor id, also the section's heading id */
  id: string;
  title: string;
  description?: string;
  fields: string[];
}

/**
 * Objects as fieldsets; with `ui:options.groups` (FieldGroup[]) their properties are laid out as cards
 * of a few fields each, in that order — layout only, the data keeps the schema's shape.
 */
function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { properties, title, description, uiSchema, fieldPathId, optionalDataControl, registry } = props;
  const groups = uiSchema?.['ui:options']?.groups as FieldGroup[] | undefined;
  const content = (name: string) => properties.find((p) => p.name === name && !p.hidden)?.content;
  if (groups) {
    const placed = new Set(groups.flatMap((g) => g.fields));
    return (
      <div className="form-sections">
        {groups.map((group) => (
          <section key={group.id} id={group.id} className="form-card" aria-labelledby={`${group.id}-title`}>
            <h2 id={`${group.id}-title`} className="form-card__title">
              {group.title}
            </h2>
            {group.description && <p className="form-card__description">{group.description}</p>}
            <div className="form-card__body">
              {group.fields.map((f) => (
                <div key={f}>{content(f)}</div>
              ))}
            </div>
          </section>
        ))}
        {properties.filter((p) => !placed.has(p.name)).map((p) => p.content)}
      </div>
    );
  }
  // the form itself: its fields, without the request schema's own title and description
  const flat = uiSchema?.['ui:options']?.flat === true || fieldPathId.path.length === 0;
  const body = properties.filter((p) => !p.hidden).map((p) => p.content);
  if (flat) return <div className="form-flat">{body}</div>;
  const { TitleFieldTemplate: Title } = registry.templates;
  return (
    <fieldset className="form-group" id={fieldPathId.$id}>
      {title && (
        <Title
          id={`${fieldPathId.$id}__title`}
          title={title}
          schema={props.schema}
          uiSchema={uiSchema}
          registry={registry}
          optionalDataControl={optionalDataControl}
        />
      )}
      {description && <p className="form-field__help">{description}</p>}
      <div className="form-group__body">{body}</div>
    </fieldset>
  );
}

function OptionalDataControlsTemplate({
  id,
  label,
  onAddClick,
  onRemoveClick,
}: OptionalDataControlsTemplateProps) {
  if (onAddClick)
    return (
      <button
        id={id}
        type="button"
        className="button button--small button--soft form-optional"
        onClick={onAddClick}
      >
        {label}
      </button>
    );
  if (onRemoveClick)
    return (
      <button
        id={id}
        type="button"
        className="button button--small button--ghost form-optional"
        onClick={onRemoveClick}
      >
        {label}
      </button>
    );
  return <span className="form-optional__empty">{label}</span>;
}

function TextButton({
  children,
  className,
  iconType: _i,
  icon: _icon,
  uiSchema: _u,
  registry: _r,
  title,
  ...rest
}: IconButtonProps & { children?: ReactNode }) {
  return (
    <button type="button" className={`button button--small button--ghost ${className ?? ''}`} {...rest}>
      {children ?? title}
    </button>
  );
}

function SubmitButton({ uiSchema }: SubmitButtonProps) {
  const options = getSubmitButtonOptions(uiSchema);
  if (options.norender) return null;
  return (
    <button type="submit" className="button button--primary">
      {options.submitText}
    </button>
  );
}

const TEMPLATES: Partial<TemplatesType> = {
  FieldTemplate,
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  TitleFieldTemplate,
  ObjectFieldTemplate,
  OptionalDataControlsTemplate,
  ButtonTemplates: {
    SubmitButton,
    AddButton: (p) => <TextButton {...p} title={p.registry.translateString(TranslatableString.AddButton)} />,
    RemoveButton: (p) => (
      <TextButton {...p} title={p.registry.translateString(TranslatableString.RemoveButton)} />
    ),
    MoveUpButton: (p) => (
      <TextButton {...p} title={p.registry.translateString(TranslatableString.MoveUpButton)} />
    ),
    MoveDownButton: (p) => (
      <TextButton {...p} title={p.registry.translateString(TranslatableString.MoveDownButton)} />
    ),
    CopyButton: (p) => (
      <TextButton {...p} title={p.registry.translateString(TranslatableString.CopyButton)} />
    ),
    ClearButton: (p) => (
      <TextButton {...p} title={p.registry.translateString(TranslatableString.ClearButton)} />
    ),
  },
};
