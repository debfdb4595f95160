/**
 * Which status changes a dossier may make (DOMAIN.md §2). A diagram sets statuses by entering
 * elements that carry `motcua:dossierStatus`; a change this machine refuses is a modelling error,
 * so the command that caused it is rejected (nothing changes) with a message naming the element.
 */
import { DossierStatus, TERMINAL_STATUSES } from './dossier-status.ts';

/** Statuses in which the dossier is being handled after acceptance (the clock runs or is paused). */
const PROCESSING: readonly DossierStatus[] = [
  DossierStatus.DaTiepNhan,
  DossierStatus.DangXuLy,
  DossierStatus.ChoBoSung,
  DossierStatus.ChoNghiaVuTaiChinh,
  DossierStatus.YeuCauRut,
];

/**
 * Why `from` → `to` is not allowed, or undefined when it is. `accepted` tells whether the dossier
 * was accepted already (a supplement requested at the desk, before acceptance, runs no clock and
 * can still lead to acceptance or refusal). The same status again is not a change: callers skip it.
 */
export function transitionProblem(from: DossierStatus, to: DossierStatus, accepted: boolean): string | undefined {
  if (TERMINAL_STATUSES.includes(from)) return `${from} is final: nothing can follow it`;
  switch (to) {
    case DossierStatus.MoiDangKy:
      return !accepted && from === DossierStatus.ChoBoSung ? undefined : 'a dossier is submitted (MOI_DANG_KY) only before acceptance, after a supplement at the desk';
    case DossierStatus.DaTiepNhan:
      if (accepted) return 'the dossier was accepted already: acceptance (DA_TIEP_NHAN) happens once';
      return undefined;
    case DossierStatus.DangXuLy:
    case DossierStatus.ChoNghiaVuTaiChinh:
    case DossierStatus.DaXuLyXong:
      if (!accepted) return 'the dossier is not accepted yet: enter an element with DA_TIEP_NHAN first (the clock starts there)';
      return PROCESSING.includes(from) ? undefined : `${to} cannot follow ${from}`;
    case DossierStatus.ChoBoSung:
      if (from === DossierStatus.YeuCauRut) return 'the applicant asked to withdraw: stop the dossier (DUNG_XU_LY) or go on processing it';
      return from === DossierStatus.DaXuLyXong ? 'the result is ready: a supplement can no longer be requested' : undefined;
    case DossierStatus.YeuCauRut:
    case DossierStatus.DungXuLy:
    case DossierStatus.KhongTiepNhan:
      return from === DossierStatus.DaXuLyXong ? 'the result is ready: return it (DA_TRA_KET_QUA)' : undefined;
    case DossierStatus.DaTraKetQua:
      return from === DossierStatus.DaXuLyXong ? undefined : 'a result is returned only once it is ready (DA_XU_LY_XONG)';
  }
}
