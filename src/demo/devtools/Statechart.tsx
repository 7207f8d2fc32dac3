import { useSelector } from '@xstate/react';
import { useMemo, useState } from 'react';
import type { AnyStateNode, StateValue } from 'xstate';
import { sessionMachine } from '../../index.ts';
import { useSessionActor } from '../../react/context.ts';
import { readFlag, writeFlag } from '../persistedFlag.ts';

/**
 * The session machine drawn as nested boxes, generated from its definition
 * (`sessionMachine.root` and its `states`, recursively), with the active states highlighted.
 */

interface Edge {
  event: string;
  target: string;
  guard?: string;
}

/** Every state path the value is in: `{ session: { none: 'creating' } }` → session, session.none, session.none.creating. */
export function activePaths(value: StateValue, prefix: string[] = [], into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    into.add([...prefix, value].join('.'));
    return into;
  }
  for (const [key, inner] of Object.entries(value)) {
    into.add([...prefix, key].join('.'));
    if (inner) activePaths(inner, [...prefix, key], into);
  }
  return into;
}

/** A readable state value: `session.none.creating · nav.idle`. */
export const describeValue = (value: StateValue): string => {
  const leaves: string[] = [];
  const walk = (v: StateValue, prefix: string[]) => {
    if (typeof v === 'string') leaves.push([...prefix, v].join('.'));
    else for (const [k, inner] of Object.entries(v)) inner ? walk(inner, [...prefix, k]) : leaves.push([...prefix, k].join('.'));
  };
  walk(value, []);
  return leaves.join(' · ');
};

const allNodes = (node: AnyStateNode): AnyStateNode[] => [node, ...Object.values(node.states).flatMap(allNodes)];

/** Short, unambiguous names for transition targets: the key, or parent.key when the key repeats. */
function targetNamer(root: AnyStateNode): (node: AnyStateNode) => string {
  const counts = new Map<string, number>();
  for (const n of allNodes(root)) counts.set(n.key, (counts.get(n.key) ?? 0) + 1);
  return (n) => ((counts.get(n.key) ?? 0) > 1 && n.parent ? `${n.parent.key}.${n.key}` : n.key);
}

const eventLabel = (event: string): string => {
  if (event.startsWith('xstate.done.actor.')) return 'done';
  if (event.startsWith('xstate.error.actor.')) return 'error';
  const after = /^xstate\.after\.([^.]+)\./.exec(event);
  if (after) return /^\d+$/.test(after[1]!) ? `after ${after[1]} ms` : `after ${after[1]}`;
  return event;
};

const guardLabel = (guard: unknown): string | undefined => {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guarded';
};

function edgesOf(node: AnyStateNode, name: (n: AnyStateNode) => string): Edge[] {
  const edges: Edge[] = [];
  const add = (event: string, defs: readonly { target?: readonly AnyStateNode[] | undefined; guard?: unknown }[]) => {
    for (const def of defs) {
      const target = def.target?.length ? def.target.map(name).join(', ') : '(stays)';
      edges.push({ event: eventLabel(event), target, guard: guardLabel(def.guard) });
    }
  };
  for (const [event, defs] of Object.entries(node.on)) add(event, defs as never);
  if (node.always) add('always', node.always);
  return edges;
}

const invokedOf = (node: AnyStateNode): string[] =>
  node.invoke.map((i) => (typeof i.src === 'string' ? i.src : i.id));

function StateBox({
  node,
  active,
  name,
  showEdges,
  initial,
}: {
  node: AnyStateNode;
  active: Set<string>;
  name: (n: AnyStateNode) => string;
  showEdges: boolean;
  initial: boolean;
}) {
  const path = node.path.join('.');
  const isRoot = node.path.length === 0;
  const isActive = isRoot || active.has(path);
  const children = Object.values(node.states);
  const initialKey = node.type === 'compound' ? node.initial?.target[0]?.key : undefined;
  const edges = showEdges ? edgesOf(node, name) : [];
  const invoked = invokedOf(node);
  return (
    <li
      className={`sc-state sc-state--${node.type}${isActive ? ' sc-state--active' : ''}`}
      data-state={isRoot ? '(machine)' : path}
      aria-current={isActive && !isRoot ? 'true' : undefined}
    >
      <div className="sc-state__head">
        {initial && (
          <span className="sc-initial" title="initial state" aria-label="initial">
            ●
          </span>
        )}
        <span className="sc-state__name">{isRoot ? `#${node.id}` : node.key}</span>
        {node.type === 'parallel' && <span className="sc-tag">parallel</span>}
        {isActive && !isRoot && <span className="visually-hidden"> (active)</span>}
      </div>
      {invoked.length > 0 && (
        <div className="sc-invoke">
          invokes <code>{invoked.join(', ')}</code>
        </div>
      )}
      {edges.length > 0 && (
        <ul className="sc-edges" aria-label={`Transitions of ${node.key}`}>
          {edges.map((e, i) => (
            <li key={i}>
              <span className="sc-edges__event">{e.event}</span>
              {e.guard && <span className="sc-edges__guard"> [{e.guard}]</span>}
              <span aria-hidden="true"> → </span>
              <span className="visually-hidden"> goes to </span>
              <span className="sc-edges__target">{e.target}</span>
            </li>
          ))}
        </ul>
      )}
      {children.length > 0 && (
        <ul className={`sc-children sc-children--${node.type}`}>
          {children.map((child) => (
            <StateBox
              key={child.key}
              node={child}
              active={active}
              name={name}
              showEdges={showEdges}
              initial={child.key === initialKey}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

const EDGES_KEY = 'session-first-demo:statechart-transitions';

const readShowEdges = () => readFlag(EDGES_KEY);

/** The live statechart of the session actor. */
export function Statechart() {
  const actor = useSessionActor('Statechart');
  const value = useSelector(actor, (s) => s.value as StateValue);
  const [showEdges, setShowEdges] = useState(readShowEdges);
  const active = useMemo(() => activePaths(value), [value]);
  const name = useMemo(() => targetNamer(sessionMachine.root), []);
  return (
    <div className="statechart">
      <div className="statechart__bar">
        <p className="statechart__value">
          <span className="muted">Current:</span> <code data-testid="machine-state">{describeValue(value)}</code>
        </p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showEdges}
            onChange={(e) => {
              setShowEdges(e.target.checked);
              writeFlag(EDGES_KEY, e.target.checked);
            }}
          />{' '}
          Show transitions
        </label>
      </div>
      <ul className="sc-root" aria-label="Session machine states; the active ones are marked">
        <StateBox node={sessionMachine.root} active={active} name={name} showEdges={showEdges} initial={false} />
      </ul>
    </div>
  );
}
