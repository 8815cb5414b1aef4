/**
 * The course lab's rule for "solved": the mean return of the last SOLVED_WINDOW episodes at or above
 * SOLVED_RETURN (Gymnasium's own bar for LunarLander).
 */
export const SOLVED_RETURN = 200;
export const SOLVED_WINDOW = 100;
