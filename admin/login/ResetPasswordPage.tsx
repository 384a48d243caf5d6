/** Placeholder until this screen lands. */
export const ResetPasswordPage = () => <p>ResetPasswordPage</p>;
