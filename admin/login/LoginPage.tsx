/** Placeholder until this screen lands. */
export const LoginPage = () => <p>LoginPage</p>;
