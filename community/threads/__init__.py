"""Discussion threads: spaces, threads, posts (the opening post and comments), reactions, follows."""
