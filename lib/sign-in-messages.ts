/**
 * What the sign-in page says for an `error` it is given: by next-auth's signIn() after a refused
 * password, or in the URL when single sign-on sends the person back.
 */
export function signInErrorMessage(error: string | null | undefined): string | null {
  if (!error) return null;
  const throttled = /^throttled:(\d+)$/.exec(error);
  if (throttled) {
    const minutes = Math.max(1, Math.ceil(Number(throttled[1]) / 60));
    return `Too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  }
  switch (error) {
    case 'database-unavailable':
      return 'Frontline cannot reach its database right now, so nobody can sign in. Try again in a minute.';
    case 'no-answer':
      return 'Frontline did not answer. Check your connection and try again.';
    case 'CredentialsSignin':
      return 'That email and password do not match an active account.';
    case 'sso-unknown':
      return 'There is no Frontline account for the email your single sign-on gave. Ask HR to create one.';
    case 'sso-inactive':
      return 'The Frontline account for your email is deactivated. Ask HR if you need it again.';
    case 'sso-unverified':
      return 'Your single sign-on did not confirm your email address, so it cannot be matched to a Frontline account.';
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'Callback':
      return 'Single sign-on did not complete. Try again, or sign in with your email and password.';
    default:
      return 'Signing in did not complete. Try again.';
  }
}
