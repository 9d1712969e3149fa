import { composeScene, writeStereoWav } from '../../scripts/scene/compose.js';
writeStereoWav('/tmp/clitry/call.wav', composeScene([{ party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 }, { party: 'customer', clip: 'c-slt-calm-2', atSec: 3 }], { durationSec: 7 }));
