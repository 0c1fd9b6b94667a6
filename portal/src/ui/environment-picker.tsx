import type { Environment } from '../types.js';

/** The environments the client has, as a labelled select. */
export function EnvironmentPicker(props: { id: string; environments: Environment[]; value: Environment; onChange: (environment: Environment) => void }) {
  return (
    <div class="field">
      <label for={props.id}>Environment</label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value as Environment)}>
        {props.environments.map((environment) => (
          <option value={environment} key={environment}>
            {environment}
          </option>
        ))}
      </select>
    </div>
  );
}
