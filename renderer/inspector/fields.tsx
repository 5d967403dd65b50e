/**
 * Inspector fields. A field keeps a draft while the user types and commits it when it is
 * valid: immediately for free text (one undo step per field, see `coalesceKey`), on Enter
 * or blur for ids and lists, whose intermediate states are not meaningful.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { FieldProblem } from '../model/field-validation.js';

export function Field({
  label,
  hint,
  problem,
  children,
  htmlFor,
}: {
  label: string;
  hint?: string;
  problem?: FieldProblem | null;
  children: ReactNode;
  htmlFor?: string;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {problem ? (
        <span
          className={`field-message ${problem.severity}`}
          role={problem.severity === 'error' ? 'alert' : undefined}
        >
          {problem.message}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}

/** A text field that commits on every valid change (free text such as labels and notes). */
export function LiveTextField({
  label,
  value,
  placeholder,
  onChange,
  onBlur,
  testId,
  multiline = false,
  hint,
}: {
  label: string;
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  testId?: string;
  multiline?: boolean;
  hint?: string;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} {...(hint ? { hint } : {})}>
      {multiline ? (
        <textarea
          id={id}
          className="textarea"
          rows={2}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          data-testid={testId}
        />
      ) : (
        <input
          id={id}
          className="input"
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          data-testid={testId}
        />
      )}
    </Field>
  );
}

/**
 * A field with a draft: validated as typed, committed on Enter or blur when it has no error.
 * Warnings do not block the commit. The draft follows the value when it changes elsewhere
 * (undo, another view).
 */
export function DraftField({
  label,
  value,
  validate,
  onCommit,
  placeholder,
  testId,
  mono = false,
  multiline = false,
  hint,
}: {
  label: string;
  value: string;
  validate: (draft: string) => FieldProblem | null;
  onCommit: (draft: string) => void;
  placeholder?: string;
  testId?: string;
  mono?: boolean;
  multiline?: boolean;
  hint?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const problem = validate(draft);
  const commit = (): void => {
    if (draft !== value && problem?.severity !== 'error') onCommit(draft);
  };
  const common = {
    id,
    value: draft,
    placeholder,
    'aria-invalid': problem?.severity === 'error',
    'data-testid': testId,
    onBlur: commit,
  };
  return (
    <Field label={label} htmlFor={id} problem={problem} {...(hint ? { hint } : {})}>
      {multiline ? (
        <textarea
          {...common}
          className={`textarea${mono ? ' mono' : ''}`}
          rows={Math.min(6, Math.max(2, draft.split('\n').length))}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) commit();
            if (e.key === 'Escape') setDraft(value);
          }}
        />
      ) : (
        <input
          {...common}
          className={`input${mono ? ' mono' : ''}`}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(value);
          }}
        />
      )}
    </Field>
  );
}

export function SelectField({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id}>
      <select
        id={id}
        className="select input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
