/** Builds dist/ once before any worker starts, so end-to-end files never race to rebuild it side by side. */
import { ensureBuilt } from './e2e/build';

export default function globalSetup(): void {
  ensureBuilt();
}
