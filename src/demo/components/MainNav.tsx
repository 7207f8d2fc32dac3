import { NavLink } from 'react-router';

/** The demo's main navigation: one public page and the two protected ones. */
export function MainNav() {
  return (
    <nav aria-label="Main" className="main-nav">
      <NavLink to="/" end>
        Home
      </NavLink>
      <NavLink to="/dashboard">Dashboard</NavLink>
      <NavLink to="/settings">Settings</NavLink>
    </nav>
  );
}
