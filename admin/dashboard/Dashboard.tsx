/** Placeholder until this screen lands. */
export const Dashboard = () => <p>Dashboard</p>;
