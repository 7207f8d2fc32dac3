/** A demo preference kept in localStorage as '1'; without storage it lasts until the next reload. */
export const readFlag = (key: string): boolean => {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
};

export const writeFlag = (key: string, on: boolean): void => {
  try {
    if (on) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // No storage (private mode, disabled): the choice is not remembered.
  }
};
