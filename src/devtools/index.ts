/** `session-first/devtools`: the developer panel as one drop-in component. */
export {};
