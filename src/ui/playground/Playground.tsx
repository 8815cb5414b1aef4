/**
 * The playground: the lander the agent flies, its Q-values, the controls, the live curves, the
 * hyperparameters and models in and out. Reads the worker's reports from the store and sends commands;
 * it never trains.
 */
import { useEffect } from 'react';
import { BellmanTarget } from '../insight/BellmanTarget';
import { ComparePanel } from '../compare/ComparePanel';
import { Banners } from './Banners';
import { Controls } from './Controls';
import { CrashPanel } from './CrashPanel';
import { HyperparameterPanel } from './HyperparameterPanel';
import { LanderView } from './LanderView';
import { MessageLine } from '../shared/MessageLine';
import { ModelPanel } from './ModelPanel';
import { NetworkView } from '../insight/NetworkView';
import { PolicyMap } from '../insight/PolicyMap';
import { QValueBars } from './QValueBars';
import { ResumeOffer } from '../runs/ResumeOffer';
import { RewardBreakdown } from '../insight/RewardBreakdown';
import { RunsPanel } from '../runs/RunsPanel';
import { StatusPanel } from './StatusPanel';
import { SweepPanel } from '../sweep/SweepPanel';
import { TrainingCharts } from './TrainingCharts';
import '../insight/insight.css';
import './playground.css';

export function Playground({ init }: { init: () => void }) {
  useEffect(init, [init]);
  return (
    <main className="playground">
      <div className="left">
        <div className="stage">
          <LanderView />
          <Banners />
        </div>
        <Controls />
        <CrashPanel />
        <ResumeOffer />
        <MessageLine />
        <PolicyMap />
        <StatusPanel />
        <QValueBars />
        <ModelPanel />
        <RunsPanel />
        <SweepPanel />
      </div>
      <div className="right">
        <ComparePanel />
        <TrainingCharts />
        <RewardBreakdown />
        <BellmanTarget />
        <NetworkView />
        <HyperparameterPanel />
      </div>
    </main>
  );
}
