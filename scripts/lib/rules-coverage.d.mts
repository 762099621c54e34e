export interface Condition {
  start: number;
  end: number;
  text: string;
  where: string;
  line: number;
  column: number;
}
export interface JudgedCondition extends Condition {
  true: number;
  false: number;
  errors: number;
  status: 'covered' | 'excepted' | 'never evaluated' | 'never true' | 'never false';
  reason?: string;
}
export interface CoverageException {
  condition: string;
  where?: string;
  reason: string;
}
export interface Judgement {
  conditions: JudgedCondition[];
  covered: number;
  excepted: number;
  total: number;
  unusedExceptions: CoverageException[];
}
export function conditionsOf(source: string): Condition[];
export function judge(source: string, reports: unknown[], exceptions?: CoverageException[]): Judgement;
export function rulesCoverageGate(options: { root: string; firestorePort: number }): Promise<{
  problems: string[];
  result: Judgement | null;
}>;
