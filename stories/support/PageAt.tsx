import { useLocation } from 'react-router';

/** Stands for any page of the app the story does not have: a heading with its path. */
export function PageAt() {
  const { pathname } = useLocation();
  return <h1>The app’s page at {pathname}</h1>;
}
