// How the leaderboard prints the backend's numbers (tests compare the page with the API through these).
export const formatElo = (elo: number) => elo.toFixed(1);
export const formatCi = (ci: number) => `±${ci.toFixed(1)}`;
export const formatWinRate = (rate: number) => `${(rate * 100).toFixed(1)} %`;
