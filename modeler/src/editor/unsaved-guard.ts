/**
 * Asks before leaving with unsaved changes: closing or reloading the tab (the browser's own
 * question) and moving to another screen of the app (our question).
 */
import { t } from '../../../web/shared/i18n.ts';

export class UnsavedGuard {
  private dirty = false;
  private current = location.hash;

  constructor() {
    window.addEventListener('beforeunload', (event) => {
      if (!this.dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  markDirty(): void {
    this.dirty = true;
  }

  markClean(): void {
    this.dirty = false;
  }

  /** Called on hashchange: true when the move may go on; otherwise the old address is restored. */
  allowNavigation(): boolean {
    if (!this.dirty || location.hash === this.current) {
      this.current = location.hash;
      return true;
    }
    if (window.confirm(t('modeler.unsaved.leave'))) {
      this.dirty = false;
      this.current = location.hash;
      return true;
    }
    history.replaceState(null, '', this.current);
    return false;
  }

  /** Records an address the app moved to itself. */
  settle(): void {
    this.current = location.hash;
  }
}
