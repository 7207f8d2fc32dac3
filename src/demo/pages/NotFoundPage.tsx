import { Link } from 'react-router';
import { useTitle } from '../components/useTitle.ts';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <div className="page page--narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing here. <Link to="/">Back to the home page</Link>.
      </p>
    </div>
  );
}
