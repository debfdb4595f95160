/** The shapes the officer app reads from the API (only the fields it shows). */
export type DueState = 'ON_TIME' | 'DUE_SOON' | 'OVERDUE' | 'NONE';

/** A legal time: a value in a unit (WORKING_DAYS, DAYS, WORKING_HOURS, SAME_DAY). */
export interface Period { value: number; unit: string }

export interface DossierRow { code: string; procedureCode: string; procedureName: string; applicantName: string; receivedAt?: string; dueAt?: string; status: string }

export interface TaskRow {
  id: string; name?: string; elementId: string; processKey: string; instanceId: string; businessKey?: string;
  assignee?: string; candidateGroups?: string[]; createdAt: string; dueAt?: string; dueState: DueState;
  remainingWorkingDays?: number; dossier?: DossierRow;
}

export interface TaskPage { items: TaskRow[]; total: number; counts: Record<'mine' | 'group' | 'dueSoon' | 'overdue' | 'all', number> }

export interface ActionOption { action: string; allowed: boolean; reason?: string; reasonCode?: string; reasonParams?: Record<string, string>; taskId?: string }
export interface SlipLink { form: string; title: string; href: string }

export interface DossierDetail {
  code: string; procedure: { code: string; name: string; version: number | string }; channel: number; channelLabel?: string;
  applicant: { name: string; idNumber?: string; phone?: string; address?: string };
  status: string; statusLabel: string; receivedAt?: string; acceptedAt?: string; dueAt?: string; appointmentAt?: string;
  paused: boolean; pauses: { from: string; to?: string; reason?: string }[]; remainingWorkingDays?: number; dueState?: DueState;
  components?: { name: string; digitised?: boolean; reused?: boolean; quantity?: number }[];
  allowedExtensions?: { cause: string; max: Period }[]; extensions?: { cause: string; period: Period }[];
  tasks: TaskRow[]; slips: SlipLink[]; actions: ActionOption[]; lookupSecret?: string;
}

export interface TaskDetail extends TaskRow { actions: string[]; actionOptions: ActionOption[]; dossierDetail?: DossierDetail }
