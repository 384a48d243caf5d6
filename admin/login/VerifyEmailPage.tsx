/** Placeholder until this screen lands. */
export const VerifyEmailPage = () => <p>VerifyEmailPage</p>;
