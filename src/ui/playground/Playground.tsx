/**
 * The playground: the lander the agent flies, its Q-values, the controls, the live curves, the
 * hyperparameters and models in and out. Reads the worker's reports from the store and sends commands;
 * it never trains.
 *
 * Two layouts of the same panels: two columns on a wide screen; on a narrow one, where a single column
 * would put the settings thousands of pixels below the lander, the lander and the tabs under it stay at
 * the top of the screen while one group of panels at a time shows below.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { BellmanTarget } from '../insight/BellmanTarget';
import { ComparePanel } from '../compare/ComparePanel';
import { Banners } from './Banners';
import { Controls } from './Controls';
import { CrashPanel } from './CrashPanel';
import { ExportPanel } from '../export/ExportPanel';
import { HyperparameterPanel } from './HyperparameterPanel';
import { LanderView } from './LanderView';
import { MessageLine } from '../shared/MessageLine';
import { ModelPanel } from './ModelPanel';
import { NetworkView } from '../insight/NetworkView';
import { PanelTabs, TabPanel } from './PanelTabs';
import { PolicyMap } from '../insight/PolicyMap';
import { QValueBars } from './QValueBars';
import { ResumeOffer } from '../runs/ResumeOffer';
import { RewardBreakdown } from '../insight/RewardBreakdown';
import { RunsPanel } from '../runs/RunsPanel';
import { StatusPanel } from './StatusPanel';
import { SweepPanel } from '../sweep/SweepPanel';
import { TrainingCharts } from './TrainingCharts';
import { useMediaQuery } from '../shared/useMediaQuery';
import '../insight/insight.css';
import './playground.css';

/** Where the two columns no longer fit side by side. */
const NARROW = '(max-width: 1000px)';

export function Playground({ init }: { init: () => void }) {
  useEffect(init, [init]);
  return useMediaQuery(NARROW) ? <NarrowPlayground /> : <WidePlayground />;
}

function WidePlayground() {
  return (
    <main className="playground">
      <div className="left">
        <LanderView />
        <Controls />
        {/* Under the controls: a banner above them would move them as they are pressed. */}
        <Banners />
        <CrashPanel />
        <ResumeOffer />
        <MessageLine />
        <PolicyMap />
        <StatusPanel />
        <QValueBars />
        <ModelPanel />
        <ExportPanel />
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

const PANELS = ['Curves', 'Settings', 'Insight', 'Runs'] as const;
type Panel = (typeof PANELS)[number];

function NarrowPlayground() {
  const [panel, setPanel] = useState<Panel>('Curves');
  const stuck = useRef<HTMLDivElement>(null);
  const panels = useRef<HTMLDivElement>(null);
  // A panel chosen with the page scrolled down starts at its top, just under the stuck lander, not
  // wherever the last panel's scroll leaves it.
  useLayoutEffect(() => {
    const hidden =
      stuck.current!.getBoundingClientRect().bottom - panels.current!.getBoundingClientRect().top;
    if (hidden > 0) window.scrollBy(0, -hidden);
  }, [panel]);
  return (
    <main className="playground narrow">
      <Controls />
      <div className="cockpit" ref={stuck}>
        <LanderView />
        <PanelTabs names={PANELS} selected={panel} onSelect={setPanel} />
        {/* Stuck with the lander, so that what went wrong shows wherever the page is scrolled to. */}
        <MessageLine />
        <CrashPanel />
      </div>
      <Banners />
      <ResumeOffer />
      <div className="tab-panels" ref={panels}>
        <TabPanel name="Curves" selected={panel}>
          <StatusPanel />
          <TrainingCharts />
        </TabPanel>
        <TabPanel name="Settings" selected={panel}>
          <HyperparameterPanel />
        </TabPanel>
        <TabPanel name="Insight" selected={panel}>
          <PolicyMap />
          <QValueBars />
          <RewardBreakdown />
          <BellmanTarget />
          <NetworkView />
        </TabPanel>
        {/* The comparison here, beside the runs it compares and the sweep that draws its curves. */}
        <TabPanel name="Runs" selected={panel}>
          <ModelPanel />
          <ExportPanel />
          <RunsPanel />
          <ComparePanel />
          <SweepPanel />
        </TabPanel>
      </div>
    </main>
  );
}
