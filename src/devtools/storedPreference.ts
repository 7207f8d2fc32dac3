/**
 * A developer-panel preference kept in Web Storage ('1' or absent). Without storage (private
 * mode, disabled) it lasts until the next reload.
 */
export interface StoredFlag {
  read(): boolean | null;
  write(on: boolean): void;
}

export const storedFlag = (key: string, storage: () => Storage = () => localStorage): StoredFlag => ({
  read() {
    try {
      const value = storage().getItem(key);
      return value === null ? null : value === '1';
    } catch {
      return null;
    }
  },
  write(on) {
    try {
      storage().setItem(key, on ? '1' : '0');
    } catch {
      // Not remembered: the next page load starts from the default.
    }
  },
});
