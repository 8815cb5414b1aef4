/**
 * The course's Mars rover as a lesson: the exact Q-values from the Bellman equation (iterated in the
 * lesson worker, sweep by sweep if wanted), the optimal policy and returns, and a small DQN learning the
 * same table live. This page draws what the worker sends.
 */
import { useEffect } from 'react';
import { DqnPanel } from './DqnPanel';
import { lessonActions, useLesson } from './lessonStore';
import { ProblemPanel } from './ProblemPanel';
import { QTable } from './QTable';
import { RoverWorld } from './RoverWorld';
import './lesson.css';

export function MarsRoverLesson() {
  const error = useLesson((s) => s.error);
  useEffect(() => void lessonActions.refresh(), []);
  return (
    <main className="lesson">
      <p className="lesson-intro">
        The course&apos;s Mars rover: six states in a row, a reward at each end, nothing between. In each
        state it can go left or right; reaching an end collects its reward and ends the episode. Which way
        should it go, and what is each choice worth?
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <ProblemPanel />
      <RoverWorld />
      <QTable />
      <DqnPanel />
    </main>
  );
}
