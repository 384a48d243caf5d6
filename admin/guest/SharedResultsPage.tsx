/** Placeholder until this screen lands. */
export const SharedResultsPage = () => <p>SharedResultsPage</p>;
