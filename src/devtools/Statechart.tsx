import { useSelector } from '@xstate/react';
import { useMemo, useState } from 'react';
import type { AnyStateNode, StateValue } from 'xstate';
import { sessionMachine } from '../core/sessionMachine.ts';
import { useSessionActor } from '../react/context.ts';
import { storedFlag } from './storedPreference.ts';

/**
 * The session machine drawn as nested boxes, generated from its definition (`sessionMachine.root`
 * and its `states`, recursively), with the running actor's active states highlighted.
 */

interface Edge {
  event: string;
  target: string;
  guard: string | null;
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

/** A readable state value: the active leaves, `session.none.creating · nav.idle`. */
export function describeValue(value: StateValue): string {
  const leaves: string[] = [];
  const walk = (current: StateValue, prefix: string[]) => {
    if (typeof current === 'string') {
      leaves.push([...prefix, current].join('.'));
      return;
    }
    for (const [key, inner] of Object.entries(current)) {
      if (inner) walk(inner, [...prefix, key]);
      else leaves.push([...prefix, key].join('.'));
    }
  };
  walk(value, []);
  return leaves.join(' · ');
}

const allNodes = (node: AnyStateNode): AnyStateNode[] => [node, ...Object.values(node.states).flatMap(allNodes)];

/** Short, unambiguous names for transition targets: the key, or parent.key where the key repeats. */
function targetNamer(root: AnyStateNode): (node: AnyStateNode) => string {
  const counts = new Map<string, number>();
  for (const node of allNodes(root)) counts.set(node.key, (counts.get(node.key) ?? 0) + 1);
  return (node) => ((counts.get(node.key) ?? 0) > 1 && node.parent ? `${node.parent.key}.${node.key}` : node.key);
}

function eventLabel(event: string): string {
  if (event.startsWith('xstate.done.actor.')) return 'done';
  if (event.startsWith('xstate.error.actor.')) return 'error';
  const after = /^xstate\.after\.([^.]+)\./.exec(event);
  if (after?.[1]) return /^\d+$/.test(after[1]) ? `after ${after[1]} ms` : `after ${after[1]}`;
  return event;
}

function guardLabel(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guarded';
}

interface TransitionDefinition {
  target?: readonly AnyStateNode[] | undefined;
  guard?: unknown;
}

function edgesOf(node: AnyStateNode, name: (node: AnyStateNode) => string): Edge[] {
  const edges: Edge[] = [];
  const add = (event: string, definitions: readonly TransitionDefinition[]) => {
    for (const definition of definitions) {
      const target = definition.target?.length ? definition.target.map(name).join(', ') : '(stays)';
      edges.push({ event: eventLabel(event), target, guard: guardLabel(definition.guard) });
    }
  };
  for (const [event, definitions] of Object.entries(node.on)) add(event, definitions as readonly TransitionDefinition[]);
  if (node.always) add('always', node.always);
  return edges;
}

const invokedBy = (node: AnyStateNode): string[] => node.invoke.map((invoke) => (typeof invoke.src === 'string' ? invoke.src : invoke.id));

interface StateBoxProps {
  node: AnyStateNode;
  active: Set<string>;
  name: (node: AnyStateNode) => string;
  showEdges: boolean;
  initial: boolean;
}

function StateBox({ node, active, name, showEdges, initial }: StateBoxProps) {
  const path = node.path.join('.');
  const isRoot = node.path.length === 0;
  const isActive = isRoot || active.has(path);
  const children = Object.values(node.states);
  const initialKey = node.type === 'compound' ? node.initial?.target[0]?.key : undefined;
  const edges = showEdges ? edgesOf(node, name) : [];
  const invoked = invokedBy(node);
  const classes = ['sf-devtools-state', `sf-devtools-state--${node.type}`, isActive ? 'sf-devtools-state--active' : ''];
  return (
    <li className={classes.join(' ').trim()} data-state={isRoot ? '(machine)' : path} aria-current={isActive && !isRoot ? 'true' : undefined}>
      <div className="sf-devtools-state__head">
        {initial && (
          <span className="sf-devtools-state__initial" title="initial state">
            <span aria-hidden="true">●</span>
            <span className="sf-devtools-hidden">initial: </span>
          </span>
        )}
        <span>{isRoot ? `#${node.id}` : node.key}</span>
        {node.type === 'parallel' && <span className="sf-devtools-state__tag">parallel</span>}
        {isActive && !isRoot && <span className="sf-devtools-hidden"> (active)</span>}
      </div>
      {invoked.length > 0 && (
        <div className="sf-devtools-state__invoke">
          invokes <code>{invoked.join(', ')}</code>
        </div>
      )}
      {edges.length > 0 && (
        <ul className="sf-devtools-edges" aria-label={`Transitions of ${node.key}`}>
          {edges.map((edge, index) => (
            <li key={index}>
              <span className="sf-devtools-edges__event">{edge.event}</span>
              {edge.guard && <span className="sf-devtools-edges__guard"> [{edge.guard}]</span>}
              <span aria-hidden="true"> → </span>
              <span className="sf-devtools-hidden"> goes to </span>
              <span>{edge.target}</span>
            </li>
          ))}
        </ul>
      )}
      {children.length > 0 && (
        <ul className={`sf-devtools-states sf-devtools-states--${node.type}`}>
          {children.map((child) => (
            <StateBox key={child.key} node={child} active={active} name={name} showEdges={showEdges} initial={child.key === initialKey} />
          ))}
        </ul>
      )}
    </li>
  );
}

const showTransitions = storedFlag('session-first-devtools:transitions');

/** The live statechart of the session actor, with its current state value written out. */
export function Statechart() {
  const actor = useSessionActor('SessionDevtools');
  const value = useSelector(actor, (snapshot) => snapshot.value as StateValue);
  const [showEdges, setShowEdges] = useState(() => showTransitions.read() ?? false);
  const active = useMemo(() => activePaths(value), [value]);
  const name = useMemo(() => targetNamer(sessionMachine.root), []);
  return (
    <div>
      <div className="sf-devtools-bar">
        <p>
          <span className="sf-devtools-muted">Current:</span> <code data-testid="machine-state">{describeValue(value)}</code>
        </p>
        <label className="sf-devtools-checkbox">
          <input
            type="checkbox"
            checked={showEdges}
            onChange={(event) => {
              setShowEdges(event.target.checked);
              showTransitions.write(event.target.checked);
            }}
          />{' '}
          Show transitions
        </label>
      </div>
      <ul className="sf-devtools-states sf-devtools-states--root" aria-label="Session machine states; the active ones are marked">
        <StateBox node={sessionMachine.root} active={active} name={name} showEdges={showEdges} initial={false} />
      </ul>
    </div>
  );
}
