export { parseInputs, type InputContext, type InputReader } from './parse'
export { describeConfig } from './describe'
export { BOLT_CHOICES, parseCommandLines, parseLines } from './values'
