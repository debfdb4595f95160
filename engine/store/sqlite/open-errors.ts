/**
 * Why a SQLite database could not be opened, said in one line that names the file and what to do
 * (the start-up command prints `error.message` and nothing else). Shared by the store and the
 * agenda backend, which open the same file.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';

/** The setting that names the file, for the error's `field`. */
const SETTING = 'MOTCUA_DB';

function failure(message: string, cause: unknown): MotcuaError {
  const error = new MotcuaError(ErrorCode.StoreUnavailable, message, { field: SETTING });
  (error as Error & { cause?: unknown }).cause = cause;
  return error;
}

/** `error`, thrown while opening or preparing the database at `path`, as a MotcuaError that says what to do. */
export function openFailure(path: string, error: unknown): MotcuaError {
  if (error instanceof MotcuaError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const detail = (error as Error).message ?? String(error);
  if (code === 'SQLITE_NOTADB') {
    return failure(`${path} is not a SQLite database (or is encrypted): motcua will not write over it; set ${SETTING}=sqlite:<another file> or move the file away`, error);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return failure(`${path} is corrupt (${detail}): restore it from a backup; motcua will not start on it`, error);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return failure(
      `cannot write ${path} (${detail}): let this user write the file and its folder (SQLite creates -wal and -shm files beside it), or set ${SETTING}=sqlite:<a writable path>`,
      error,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return failure(`${path} is locked by another process that holds it too long (${detail}): stop it or wait, then start again`, error);
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return failure(`no space left to write ${path}: free some disk space, then start again`, error);
  }
  return failure(`cannot open the SQLite database ${path}: ${detail}`, error);
}

/** `error`, thrown while creating the folder of the database `file`, as a MotcuaError that says what to do. */
export function folderFailure(file: string, error: unknown): MotcuaError {
  return failure(`cannot create the folder of ${file} (${(error as Error).message}): create it writable for this user, or set ${SETTING}=sqlite:<a writable path>`, error);
}
