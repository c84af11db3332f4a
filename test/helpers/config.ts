/** Settings in tests: the refusal loadConfig gives for some inputs. */
import { loadConfig, type ConfigInputs } from '../../src/config/config';
import { OdmonError } from '../../src/errors';

/** The OdmonError loadConfig refuses `inputs` with (fails the test when it accepts them, or throws anything else). */
export function configError(inputs: ConfigInputs): OdmonError {
  try {
    loadConfig(inputs);
  } catch (e) {
    if (e instanceof OdmonError) return e;
    throw e;
  }
  throw new Error('expected loadConfig to refuse the configuration');
}
