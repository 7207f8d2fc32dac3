import { useId } from 'react';
import { useSessionSelector } from 'session-first/react';
import { choosePersistence, isPersistence } from './persistence.ts';

/** The demo's own section of the developer panel: where the session is kept (the page reloads). */
export function PersistenceSelect() {
  const id = useId();
  const persistence = useSessionSelector((snapshot) => snapshot.context.persistence);
  return (
    <div className="field">
      <label htmlFor={`${id}-persistence`}>Session persistence</label>
      <select
        id={`${id}-persistence`}
        value={persistence}
        aria-describedby={`${id}-persistence-help`}
        onChange={(event) => {
          if (isPersistence(event.target.value)) choosePersistence(event.target.value);
        }}
      >
        <option value="tab">tab</option>
        <option value="browser">browser</option>
      </select>
      <p id={`${id}-persistence-help`} className="field__help">
        {persistence === 'tab'
          ? 'One session per tab, kept in sessionStorage. Changing it reloads the page.'
          : 'One session for every tab of this browser, kept in localStorage. Changing it reloads the page.'}
      </p>
    </div>
  );
}
