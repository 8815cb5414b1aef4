import { FlightPage } from './FlightPage';

export function App() {
  return (
    <div className="app">
      <header>
        <h1>Lander Lab</h1>
        <p>
          Gymnasium&apos;s LunarLander-v3, in your browser. Fly it yourself; the learning agent comes next.
        </p>
      </header>
      <FlightPage />
    </div>
  );
}
