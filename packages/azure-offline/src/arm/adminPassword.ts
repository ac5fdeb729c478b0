/**
 * The rules ARM documents for `osProfile.adminPassword` (OSProfile in the Compute REST spec): a length per OS, three
 * of four character classes, no control characters, and a short list of refused well-known passwords.
 */
const LENGTH = { Windows: { min: 8, max: 123 }, Linux: { min: 6, max: 72 } } as const;
const DISALLOWED = ['abc@123', 'P@$$w0rd', 'P@ssw0rd', 'P@ssword123', 'Pa$$word', 'pass@word1', 'Password!', 'Password1', 'Password22', 'iloveyou!'];
const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[\W_]/];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why ARM would refuse this password for a VM of `osType`, in ARM's words; undefined when it is acceptable. */
export function adminPasswordProblem(password: string, osType: 'Linux' | 'Windows'): string | undefined {
  const { min, max } = LENGTH[osType];
  if (DISALLOWED.includes(password)) return 'The supplied password is a commonly used password that is not allowed; choose another one.';
  const classes = CLASSES.filter((pattern) => pattern.test(password)).length;
  if (password.length < min || password.length > max || classes < 3 || CONTROL.test(password)) {
    return (
      `The supplied password must be between ${min}-${max} characters long and must satisfy at least 3 of password complexity ` +
      'requirements from the following: 1) Contains an uppercase character 2) Contains a lowercase character 3) Contains a ' +
      'numeric digit 4) Contains a special character 5) Control characters are not allowed'
    );
  }
  return undefined;
}
