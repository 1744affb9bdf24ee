/**
 * Imported first by the gateway's entry point (main.ts): taxgraph.config.yaml's settings become the
 * variables the environment leaves unset before any module reads one (the logger reads LOG_LEVEL as
 * it loads). A bad file stops the gateway here, naming every bad key.
 */
import { useConfigFile } from '../shared/config-file';

useConfigFile('gateway');
