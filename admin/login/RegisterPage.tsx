/** Placeholder until this screen lands. */
export const RegisterPage = () => <p>RegisterPage</p>;
