// A reason a handed-over file is refused: which file, which field (a dotted path), a stable
// code and a message a model can act on.
export interface Problem {
  file: string;
  field?: string;
  code: string;
  message: string;
}

export const problem = (file: string, code: string, message: string, field?: string): Problem => (field === undefined ? { file, code, message } : { file, field, code, message });
