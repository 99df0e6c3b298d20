/** Where the service gets the time: injected, so the core stays pure and tests are repeatable. */
export type Clock = () => Date;

/** Where the service gets new ids (images, events): injected for the same reason. */
export type IdGenerator = () => string;
