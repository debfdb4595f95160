/**
 * Dossier statuses (DOMAIN.md §2): motcua's codes, each mapped to the national portal code
 * (TrangThaiHoSo), with the Vietnamese label officers and applicants read. Overdue is never a
 * status: it is an attribute (due < now and not finished).
 */

export const DossierStatus = {
  /** submitted (online), not yet accepted; the reception SLA runs */
  MoiDangKy: 'MOI_DANG_KY',
  /** accepted: code and appointment set, the clock starts */
  DaTiepNhan: 'DA_TIEP_NHAN',
  /** refused at intake (terminal) */
  KhongTiepNhan: 'KHONG_TIEP_NHAN',
  /** being processed, inter-agency steps included */
  DangXuLy: 'DANG_XU_LY',
  /** waiting for the applicant's supplement: the clock is paused (PAUSE) or restarts after (RESET) */
  ChoBoSung: 'CHO_BO_SUNG',
  /** waiting for fees / a financial obligation */
  ChoNghiaVuTaiChinh: 'CHO_NGHIA_VU_TAI_CHINH',
  /** the applicant asked to withdraw; the clock runs until the agency stops */
  YeuCauRut: 'YEU_CAU_RUT',
  /** stopped: withdrawn, or refused after appraisal (terminal) */
  DungXuLy: 'DUNG_XU_LY',
  /** result ready: the end instant for on-time counting */
  DaXuLyXong: 'DA_XU_LY_XONG',
  /** result returned to the applicant (terminal) */
  DaTraKetQua: 'DA_TRA_KET_QUA',
} as const;
export type DossierStatus = (typeof DossierStatus)[keyof typeof DossierStatus];

export const DOSSIER_STATUSES: readonly DossierStatus[] = Object.values(DossierStatus);

/** The national portal's TrangThaiHoSo code of each status. */
export const NATIONAL_STATUS_CODE: Readonly<Record<DossierStatus, number>> = {
  MOI_DANG_KY: 1,
  DA_TIEP_NHAN: 2,
  KHONG_TIEP_NHAN: 3,
  DANG_XU_LY: 4,
  CHO_BO_SUNG: 5,
  CHO_NGHIA_VU_TAI_CHINH: 6,
  YEU_CAU_RUT: 7,
  DUNG_XU_LY: 8,
  DA_XU_LY_XONG: 9,
  DA_TRA_KET_QUA: 10,
};

/** What officers and applicants read. */
export const DOSSIER_STATUS_LABEL: Readonly<Record<DossierStatus, string>> = {
  MOI_DANG_KY: 'Mới đăng ký',
  DA_TIEP_NHAN: 'Đã tiếp nhận',
  KHONG_TIEP_NHAN: 'Không tiếp nhận',
  DANG_XU_LY: 'Đang xử lý',
  CHO_BO_SUNG: 'Chờ bổ sung',
  CHO_NGHIA_VU_TAI_CHINH: 'Chờ thực hiện nghĩa vụ tài chính',
  YEU_CAU_RUT: 'Yêu cầu rút hồ sơ',
  DUNG_XU_LY: 'Dừng xử lý',
  DA_XU_LY_XONG: 'Đã xử lý xong',
  DA_TRA_KET_QUA: 'Đã trả kết quả',
};

export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === 'string' && (DOSSIER_STATUSES as readonly string[]).includes(value);
}

/** Statuses after which nothing changes any more. */
export const TERMINAL_STATUSES: readonly DossierStatus[] = [DossierStatus.KhongTiepNhan, DossierStatus.DungXuLy, DossierStatus.DaTraKetQua];

/** Statuses that end processing for the on-time count (DOMAIN §3.4: first of 9, 10, 8). */
export const ENDING_STATUSES: readonly DossierStatus[] = [DossierStatus.DaXuLyXong, DossierStatus.DaTraKetQua, DossierStatus.DungXuLy];

/** The outcome of a finished dossier against its due instant (DOMAIN §3.4). */
export const DossierResult = { Early: 'EARLY', OnTime: 'ONTIME', Late: 'LATE' } as const;
export type DossierResult = (typeof DossierResult)[keyof typeof DossierResult];

export const DOSSIER_RESULT_LABEL: Readonly<Record<DossierResult, string>> = {
  EARLY: 'Trước hạn',
  ONTIME: 'Đúng hạn',
  LATE: 'Trễ hạn',
};

/** How the dossier was submitted (KenhThucHien). */
export const Channel = { Desk: 1, Online: 2, Post: 3 } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export const CHANNEL_LABEL: Readonly<Record<Channel, string>> = {
  1: 'Trực tiếp',
  2: 'Trực tuyến',
  3: 'Bưu chính công ích',
};
